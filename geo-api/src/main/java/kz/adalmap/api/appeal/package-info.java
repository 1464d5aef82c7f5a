/** Citizens' appeals on the public control map. */
package kz.adalmap.api.appeal;
