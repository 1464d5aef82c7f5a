package kz.adalmap.api.appeal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small files of each kind, built in memory: a camera-like JPEG with an EXIF GPS position, audio, hostile files. */
final class TestFiles {

    private TestFiles() {}

    /** A 640 × 480 JPEG whose APP1 segment holds EXIF with a GPS IFD (latitude 51° N and the text "GPS"). */
    static byte[] jpegWithGps() {
        byte[] plain = image("jpeg", 640, 480);
        ByteBuffer tiff = ByteBuffer.allocate(128);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        // IFD0: one entry, GPSInfo (0x8825) → the GPS IFD at offset 26
        tiff.putShort((short) 1)
                .putShort((short) 0x8825)
                .putShort((short) 4)
                .putInt(1)
                .putInt(26)
                .putInt(0);
        // GPS IFD: GPSLatitudeRef 'N', GPSProcessingMethod "ASCII\0\0\0GPS"
        tiff.putShort((short) 2);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
        tiff.putShort((short) 0x1B).putShort((short) 7).putInt(11).putInt(56);
        tiff.putInt(0);
        tiff.put("ASCII\0\0\0GPS".getBytes(StandardCharsets.US_ASCII));
        byte[] tiffBytes = Arrays.copyOf(tiff.array(), tiff.position());
        ByteArrayOutputStream app1 = new ByteArrayOutputStream();
        app1.write(0xFF);
        app1.write(0xE1);
        int length = 2 + 6 + tiffBytes.length;
        app1.write(length >> 8);
        app1.write(length & 0xFF);
        app1.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        app1.writeBytes(tiffBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        out.writeBytes(app1.toByteArray());
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    static byte[] png(int width, int height) {
        return image("png", width, height);
    }

    /** An ID3-tagged "MP3" of {@code size} bytes whose content after the tag is random (so its hash is new). */
    static byte[] mp3(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        System.arraycopy("ID3".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 3);
        return bytes;
    }

    static byte[] html() {
        return "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] exe() {
        byte[] bytes = new byte[512];
        bytes[0] = 'M';
        bytes[1] = 'Z';
        return bytes;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
