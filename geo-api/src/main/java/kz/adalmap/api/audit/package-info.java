/** The append-only audit log of staff actions. */
package kz.adalmap.api.audit;
