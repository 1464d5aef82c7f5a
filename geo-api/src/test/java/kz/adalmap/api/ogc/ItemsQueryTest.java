package kz.adalmap.api.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import kz.adalmap.api.common.web.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ItemsQueryTest {

    private static final OgcCrs WEB_MERCATOR = OgcCrs.parse("crs", "http://www.opengis.net/def/crs/EPSG/0/3857");

    @Test
    void splitsABoxAcrossTheAntimeridianInTwo() {
        assertThat(ItemsQuery.parseBbox("170,-10,-170,10", OgcCrs.CRS84))
                .containsExactly(new ItemsQuery.Box(170, -10, 180, 10), new ItemsQuery.Box(-180, -10, -170, 10));
        assertThat(ItemsQuery.parseBbox("-10,170,10,-170", OgcCrs.EPSG_4326))
                .containsExactly(new ItemsQuery.Box(170, -10, 180, 10), new ItemsQuery.Box(-180, -10, -170, 10));
    }

    @Test
    void readsEpsg4326LatitudeFirst() {
        assertThat(ItemsQuery.parseBbox("51,71,52,72", OgcCrs.EPSG_4326))
                .containsExactly(new ItemsQuery.Box(71, 51, 72, 52));
        assertThatThrownBy(() -> ItemsQuery.parseBbox("51,71,52,191", OgcCrs.EPSG_4326))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("maxLon 191 is outside -180..180");
        assertThatThrownBy(() -> ItemsQuery.parseBbox("51,71,52,191", OgcCrs.CRS84))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("maxLat 191 is outside -90..90");
    }

    @Test
    void rejectsAProjectedBoxWithMinxAboveMaxx() {
        assertThatThrownBy(() -> ItemsQuery.parseBbox("8000000,6000000,7000000,6100000", WEB_MERCATOR))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("minX 8000000.0 is greater than maxX 7000000.0");
    }

    @Test
    void cursorsRoundTripAndForeignOnesAreRejected() {
        for (long key : List.of(0L, 1L, 987_654_321_012L)) {
            assertThat(ItemsQuery.decodeCursor(ItemsQuery.encodeCursor(key))).isEqualTo(key);
        }
        for (String bad : List.of("12", "a2s", "", "k-1")) {
            assertThatThrownBy(() -> ItemsQuery.decodeCursor(bad))
                    .as(bad)
                    .isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void negotiatesGeoJsonUnlessPlainJsonIsPreferred() {
        assertThat(ItemsQuery.negotiate(Optional.empty(), null)).isEqualTo(ItemsQuery.GEO_JSON);
        assertThat(ItemsQuery.negotiate(Optional.empty(), "*/*")).isEqualTo(ItemsQuery.GEO_JSON);
        assertThat(ItemsQuery.negotiate(Optional.empty(), "application/json")).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(ItemsQuery.negotiate(Optional.empty(), "application/geo+json;q=0.5, application/json"))
                .isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(ItemsQuery.negotiate(Optional.empty(), "application/geo+json, application/json"))
                .isEqualTo(ItemsQuery.GEO_JSON);
        assertThat(ItemsQuery.negotiate(Optional.of("json"), "application/geo+json"))
                .isEqualTo(MediaType.APPLICATION_JSON);
    }

    @Test
    void readsCrsByUriCurieOrShortName() {
        assertThat(OgcCrs.parse("crs", "[EPSG:32642]").srid()).isEqualTo(32642);
        assertThat(OgcCrs.parse("crs", "epsg:3857")).isEqualTo(WEB_MERCATOR);
        assertThat(OgcCrs.parse("crs", "[OGC:CRS84]")).isEqualTo(OgcCrs.CRS84);
        assertThatThrownBy(() -> OgcCrs.parse("crs", "http://www.opengis.net/def/crs/EPSG/0/2154"))
                .hasMessageStartingWith("crs: unsupported");
    }

    @Test
    void parsesDatetimeIntervals() {
        assertThat(ItemsQuery.parseDatetime("../2026-01-02T00:00:00Z")[0]).isNull();
        assertThat(ItemsQuery.parseDatetime("2026-01-02T00:00:00Z/")[1]).isNull();
        assertThatThrownBy(() -> ItemsQuery.parseDatetime("2026-02-01T00:00:00Z/2026-01-01T00:00:00Z"))
                .hasMessageContaining("is after the end");
    }
}
