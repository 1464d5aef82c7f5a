/** Keys the service keeps for itself, and the keyed hashes that tell people apart without storing who they are. */
package kz.adalmap.api.common.keys;
