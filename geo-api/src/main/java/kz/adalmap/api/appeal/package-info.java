/** Citizens' appeals on the public control map: submission, tracking, and their handling by moderators and agencies. */
package kz.adalmap.api.appeal;
