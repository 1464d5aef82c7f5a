package kz.adalmap.api.open311;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one Open311 document in XML or JSON from the same tree: a {@link Map} (insertion order kept) is an
 * object or element, {@link Items} a list, and a value a {@link String}, {@link Number}, {@link Boolean} or
 * {@code null}. Null is an empty element in XML and {@code null} in JSON. XML is written by the JDK's
 * {@link XMLStreamWriter}, which escapes every value; characters XML 1.0 cannot carry are dropped.
 */
@Component
class Open311Writer {

    /** The two formats of the specification, named as in the path ({@code services.xml}). */
    enum Format {
        XML(new MediaType("text", "xml", StandardCharsets.UTF_8)),
        JSON(new MediaType("application", "json", StandardCharsets.UTF_8));

        final MediaType mediaType;

        Format(MediaType mediaType) {
            this.mediaType = mediaType;
        }

        /** The format named by a path's extension, or empty when it is neither {@code xml} nor {@code json}. */
        static Optional<Format> of(String extension) {
            return switch (extension) {
                case "xml" -> Optional.of(XML);
                case "json" -> Optional.of(JSON);
                default -> Optional.empty();
            };
        }
    }

    /** A list: in XML each item is an element named {@code element}, in JSON an array. */
    record Items(String element, List<?> items) {}

    private static final XMLOutputFactory XML_OUTPUT = XMLOutputFactory.newFactory();

    private final JsonMapper json;

    Open311Writer(JsonMapper json) {
        this.json = json;
    }

    /** The document {@code root} (the root element's name in XML) holding {@code value} (a map or {@link Items}). */
    String write(Format format, String root, Object value) {
        return format == Format.XML ? xml(root, value) : json.writeValueAsString(toJson(value));
    }

    private static String xml(String root, Object value) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML_OUTPUT.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            element(xml, root, value);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write an Open311 XML document", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter xml, String name, Object value) throws XMLStreamException {
        if (value == null) {
            xml.writeEmptyElement(name);
            return;
        }
        xml.writeStartElement(name);
        if (value instanceof Items list) {
            for (Object item : list.items()) {
                element(xml, list.element(), item);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                element(xml, (String) e.getKey(), e.getValue());
            }
        } else {
            xml.writeCharacters(xmlText(scalar(value)));
        }
        xml.writeEndElement();
    }

    private JsonNode toJson(Object value) {
        if (value instanceof Items list) {
            ArrayNode array = json.createArrayNode();
            list.items().forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = json.createObjectNode();
            map.forEach((k, v) -> object.set((String) k, toJson(v)));
            return object;
        }
        if (value == null) {
            return json.getNodeFactory().nullNode();
        }
        if (value instanceof Boolean b) {
            return json.getNodeFactory().booleanNode(b);
        }
        if (value instanceof Number n) {
            return json.getNodeFactory().numberNode(new BigDecimal(n.toString()));
        }
        return json.getNodeFactory().stringNode(value.toString());
    }

    private static String scalar(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(value.toString()).toPlainString();
        }
        return value.toString();
    }

    /** Drops the characters XML 1.0 cannot carry at all (most control characters, lone surrogates). */
    static String xmlText(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == '\t'
                    || c == '\n'
                    || c == '\r'
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1)))
                    || (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
            if (!ok && b == null) {
                b = new StringBuilder(text.length()).append(text, 0, i);
            } else if (ok && b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
    }
}
