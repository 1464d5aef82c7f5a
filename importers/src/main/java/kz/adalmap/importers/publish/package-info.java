/** Importing a file into a layer as a validated draft revision, publishing it atomically, rolling it back. */
package kz.adalmap.importers.publish;
