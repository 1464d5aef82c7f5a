package kz.adalmap.api.customlayer;

/** One text in Kazakh, Russian and English; any may be null when it was never written. */
public record Texts(String kk, String ru, String en) {}
