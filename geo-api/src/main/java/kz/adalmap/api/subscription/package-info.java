/** Subscriptions: "tell me when a free plot appears in this area", confirmed by e-mail, ended by a link. */
package kz.adalmap.api.subscription;
