package kz.adalmap.api.attachment;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Re-encodes photos with {@code javax.imageio}: only the pixels are kept, so EXIF (GPS position,
 * device, time), XMP, ICC profiles and anything appended to the file are gone. The EXIF orientation
 * is lost with the rest: a photo stored sideways by the camera stays sideways.
 */
final class PhotoCleaner {

    /** A photo's clean bytes and its thumbnail's, both of the photo's type. */
    record Cleaned(byte[] photo, byte[] thumbnail) {}

    private PhotoCleaner() {}

    /**
     * Decodes {@code bytes} (JPEG or PNG), refusing more than {@code maxPixels} pixels before decoding
     * them, and encodes the pixels again with a thumbnail whose longest side is {@code thumbnailSize}.
     */
    static Cleaned clean(String fileName, AttachmentType type, byte[] bytes, long maxPixels, int thumbnailSize) {
        BufferedImage image = read(fileName, bytes, maxPixels);
        String format = type == AttachmentType.PNG ? "png" : "jpeg";
        BufferedImage pixels = type == AttachmentType.PNG ? image : rgb(image);
        return new Cleaned(encode(pixels, format), encode(scale(pixels, thumbnailSize), format));
    }

    private static BufferedImage read(String fileName, byte[] bytes, long maxPixels) {
        // cached in memory: ImageIO's default cache is a temporary file per stream, disk work for nothing
        // (the bytes are in memory already) and a file left behind when the process is killed
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw AttachmentRefusedException.unreadable(fileName, "the photo cannot be read");
            }
            ImageReader reader = readers.next();
            try {
                // metadata is not even read
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw AttachmentRefusedException.unreadable(
                            fileName, "the photo has " + pixels + " pixels; at most " + maxPixels + " are accepted");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof AttachmentRefusedException refused) {
                throw refused;
            }
            throw AttachmentRefusedException.unreadable(fileName, "the photo is damaged or cannot be read");
        }
    }

    private static BufferedImage rgb(BufferedImage image) {
        // what the JPEG reader gives for a colour photo: the writer takes it as it is, no copy needed
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static BufferedImage scale(BufferedImage image, int longest) {
        double factor = Math.min(1.0, (double) longest / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage small = new BufferedImage(w, h, type);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return small;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
            }
            // no metadata is passed: the JPEG writer writes a bare JFIF header, the PNG writer no text chunks
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode a " + format + " image in memory", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
