/** A synthetic but plausible cadastre of Kazakh cities (plots, networks, appeals) for the demo and benchmarks. */
package kz.adalmap.importers.generate;
