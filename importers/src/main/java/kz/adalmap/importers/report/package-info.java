/** The import report's sentences, each worded in any language from a key and the values it names. */
package kz.adalmap.importers.report;
