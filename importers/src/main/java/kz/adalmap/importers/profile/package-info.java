/** Mapping profiles: which field of a source file fills which canonical field, and how its words translate. */
package kz.adalmap.importers.profile;
