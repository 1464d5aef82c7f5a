/** The outbox: messages queued in the transaction of their event, sent later by a pluggable notifier. */
package kz.adalmap.api.outbox;
