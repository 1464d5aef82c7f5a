/** Files citizens attach to appeals: recognised by their content, stripped of metadata, kept on disk by their hash. */
package kz.adalmap.api.attachment;
