/** CSV exports as spreadsheets in Kazakhstan open them. */
package kz.adalmap.api.common.csv;
