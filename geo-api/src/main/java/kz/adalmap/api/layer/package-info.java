/** Importing files into plots layers through the API: upload jobs with progress, reports, publishing, rollback. */
package kz.adalmap.api.layer;
