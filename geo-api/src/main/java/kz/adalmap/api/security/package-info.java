/** Staff accounts, roles and the rules of who may do what. */
package kz.adalmap.api.security;
