import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes COUNT street-scene-like JPEG photos of 1-2 MB into DIR (photo-NN.jpg): a sky, a road,
 * buildings with windows, sensor noise; 1600x1200 to 2048x1536 pixels, baseline JPEG at the highest
 * quality that stays under 2 MB. Same seed, same files.
 *
 *   java bench/appeals/Photos.java DIR COUNT
 */
public class Photos {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        Random random = new Random(2026);
        for (int i = 0; i < count; i++) {
            int w = 1600 + random.nextInt(449);
            int h = w * 3 / 4;
            BufferedImage image = scene(w, h, random);
            byte[] jpeg = null;
            for (float q = 0.95f; q > 0.5f; q -= 0.03f) {
                jpeg = encode(image, q);
                if (jpeg.length <= 2_000_000) {
                    break;
                }
            }
            if (jpeg.length < 1_000_000) {
                throw new IllegalStateException("photo " + i + " is only " + jpeg.length + " bytes");
            }
            Files.write(dir.resolve(String.format("photo-%02d.jpg", i)), jpeg);
            System.out.printf("photo-%02d.jpg %dx%d %d bytes%n", i, w, h, jpeg.length);
        }
    }

    private static BufferedImage scene(int w, int h, Random random) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(90, 140, 210), 0, h / 2f, new Color(200, 220, 240)));
        g.fillRect(0, 0, w, h / 2);
        for (int b = 0; b < 12; b++) {
            int bw = w / 10 + random.nextInt(w / 6);
            int bh = h / 5 + random.nextInt(h / 3);
            int x = random.nextInt(w) - bw / 2;
            int y = h * 3 / 5 - bh;
            Color wall = new Color(120 + random.nextInt(120), 110 + random.nextInt(110), 100 + random.nextInt(100));
            g.setColor(wall);
            g.fillRect(x, y, bw, bh);
            g.setColor(wall.darker().darker());
            for (int wy = y + 15; wy < y + bh - 30; wy += 40) {
                for (int wx = x + 10; wx < x + bw - 25; wx += 35) {
                    g.fillRect(wx, wy, 18, 24);
                }
            }
        }
        g.setPaint(new GradientPaint(0, h * 3 / 5f, new Color(70, 70, 75), 0, h, new Color(40, 40, 45)));
        g.fillRect(0, h * 3 / 5, w, h);
        g.setColor(new Color(20, 20, 22));
        for (int p = 0; p < 6; p++) {
            int pw = 40 + random.nextInt(200);
            g.fillOval(random.nextInt(w), h * 3 / 5 + random.nextInt(h * 2 / 5), pw, pw / 3);
        }
        g.dispose();
        // sensor noise: what makes a photo of a street 1-2 MB rather than 200 kB
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int n = (int) (random.nextGaussian() * 9);
                int r = clamp(((rgb >> 16) & 0xFF) + n);
                int gr = clamp(((rgb >> 8) & 0xFF) + n);
                int b = clamp((rgb & 0xFF) + n + (int) (random.nextGaussian() * 4));
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] encode(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
