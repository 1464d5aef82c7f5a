/** The participatory budget: a district's yearly cycle of residents' proposals, review, one vote per verified resident, results within the cap and the winners' implementation. */
package kz.adalmap.api.budget;
