/** What every HTTP endpoint shares: reading query parameters, bounding boxes, and errors as problem details. */
package kz.adalmap.api.common.web;
