package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeoJsonFeaturesTest {

    /** The text as read through {@link GeoJsonFeatures.AsGdalReads}, handed to it {@code bytes} at a time. */
    private static String read(String json, int bytes) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] to, int offset, int length) {
                return super.read(to, offset, Math.min(length, bytes));
            }
        };
        return new String(new GeoJsonFeatures.AsGdalReads(in).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void numbersThatAreNotNumbersAreSpeltAsGdalReadsThemWhereverTheReadingsStop() throws Exception {
        String written = "{\"a\":nan,\"b\":\"nan -infinity\\\" Infinity\",\"c\":[-INFINITY,nAn,infinity,1e5,1E-5,"
                + "true,null,false,+Infinity,-INF,NaNx,infinityy,Infinities],\"d\":\u001e\"ул. Абая\\\\\",\"e\":Nan}";
        String read = "{\"a\":NaN,\"b\":\"nan -infinity\\\" Infinity\",\"c\":[-Infinity,NaN,Infinity,1e5,1E-5,"
                + "true,null,false,+infinity,-inf,NaNx,infinityy,Infinities],\"d\": \"ул. Абая\\\\\",\"e\":NaN}";
        for (int bytes : new int[] {1, 2, 3, 7, 1 << 16}) {
            assertThat(read(written, bytes))
                    .as("read %d bytes at a time", bytes)
                    .isEqualTo(read);
        }
    }

    @Test
    void theSpellingsReadAreThoseGdalsReaderReads() throws Exception {
        // GDAL 3.6's GeoJSON reader: nan and infinity in any letters, -infinity; not +Infinity, -INF, -nan
        for (String gdal : new String[] {"nan", "NAN", "NaN", "infinity", "Infinity", "-infinity", "-INFINITY"}) {
            String json = "[" + gdal + "]";
            assertThat(GeoJsonFeatures.JSON.readTree(read(json, 1 << 16)).get(0).isNumber())
                    .as(gdal)
                    .isTrue();
        }
        for (String refused : new String[] {"+Infinity", "-INF", "+INF", "-nan", "inf", "NaNx"}) {
            String json = "[" + refused + "]";
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeoJsonFeatures.JSON.readTree(read(json, 1 << 16)))
                    .as(refused)
                    .isInstanceOf(tools.jackson.core.JacksonException.class);
        }
    }
}
