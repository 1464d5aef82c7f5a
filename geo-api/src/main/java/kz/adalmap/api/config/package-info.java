/** Typed configuration of the service. */
package kz.adalmap.api.config;
