package io.yogurt.provider.supervisor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The XML-RPC encoding, as much as supervisord speaks: a call's parameters are strings, integers,
 * booleans, lists and maps; an answer is one value of those types (and doubles, base64 as text) or
 * a fault. Answers are parsed with DTDs and external entities off.
 */
final class XmlRpc {

  private XmlRpc() {}

  /** A fault answer: supervisord's code and words, e.g. 10 "BAD_NAME: yogurt-echo:x". */
  static final class Fault extends Exception {
    final int code;

    Fault(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** An answer that is not XML-RPC at all (a proxy's page, a truncated body). */
  static final class Malformed extends IOException {
    Malformed(String message) {
      super(message);
    }
  }

  static String call(String method, List<?> params) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>");
    xml.append(escape(method)).append("</methodName><params>");
    for (Object p : params) {
      xml.append("<param>");
      value(xml, p);
      xml.append("</param>");
    }
    return xml.append("</params></methodCall>").toString();
  }

  private static void value(StringBuilder xml, Object v) {
    xml.append("<value>");
    if (v instanceof String s) {
      xml.append("<string>").append(escape(s)).append("</string>");
    } else if (v instanceof Boolean b) {
      xml.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
    } else if (v instanceof Integer i) {
      xml.append("<int>").append(i).append("</int>");
    } else if (v instanceof List<?> list) {
      xml.append("<array><data>");
      list.forEach(item -> value(xml, item));
      xml.append("</data></array>");
    } else if (v instanceof Map<?, ?> map) {
      xml.append("<struct>");
      map.forEach(
          (k, item) -> {
            xml.append("<member><name>").append(escape(String.valueOf(k))).append("</name>");
            value(xml, item);
            xml.append("</member>");
          });
      xml.append("</struct>");
    } else {
      throw new IllegalArgumentException("no XML-RPC type for " + v.getClass().getSimpleName());
    }
    xml.append("</value>");
  }

  /** The answer's value, or its fault thrown. */
  static Object answer(byte[] body) throws Fault, Malformed {
    Element root;
    try {
      root = parser().parse(new ByteArrayInputStream(body)).getDocumentElement();
    } catch (SAXException | IOException e) {
      throw new Malformed("not an XML-RPC answer (" + e.getMessage() + ")");
    }
    if (!root.getTagName().equals("methodResponse")) {
      throw new Malformed("not an XML-RPC answer (root element <" + root.getTagName() + ">)");
    }
    Element fault = child(root, "fault");
    if (fault != null) {
      Object f = decode(child(fault, "value"));
      if (f instanceof Map<?, ?> m && m.get("faultCode") instanceof Integer code) {
        throw new Fault(code, String.valueOf(m.get("faultString")));
      }
      throw new Malformed("a fault without faultCode");
    }
    Element params = child(root, "params");
    Element param = params == null ? null : child(params, "param");
    if (param == null) {
      throw new Malformed("an answer without a value");
    }
    return decode(child(param, "value"));
  }

  private static Object decode(Element value) throws Malformed {
    if (value == null) {
      throw new Malformed("missing <value>");
    }
    Element typed = firstElement(value);
    if (typed == null) {
      return value.getTextContent(); // a bare value is a string
    }
    String text = typed.getTextContent();
    try {
      return switch (typed.getTagName()) {
        case "string", "base64", "dateTime.iso8601" -> text;
        case "int", "i4", "i8" -> Integer.parseInt(text.trim());
        case "boolean" -> text.trim().equals("1");
        case "double" -> Double.parseDouble(text.trim());
        case "nil" -> null;
        case "array" -> array(typed);
        case "struct" -> struct(typed);
        default -> throw new Malformed("unknown XML-RPC type <" + typed.getTagName() + ">");
      };
    } catch (NumberFormatException e) {
      throw new Malformed("bad number '" + text + "' in <" + typed.getTagName() + ">");
    }
  }

  private static List<Object> array(Element array) throws Malformed {
    List<Object> out = new ArrayList<>();
    Element data = child(array, "data");
    if (data != null) {
      for (Node n = data.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals("value")) {
          out.add(decode(e));
        }
      }
    }
    return out;
  }

  private static Map<String, Object> struct(Element struct) throws Malformed {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Node n = struct.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element member && member.getTagName().equals("member")) {
        Element name = child(member, "name");
        if (name == null) {
          throw new Malformed("a struct member without a name");
        }
        out.put(name.getTextContent(), decode(child(member, "value")));
      }
    }
    return out;
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static Element firstElement(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    return null;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static DocumentBuilder parser() throws Malformed {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      f.setXIncludeAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (ParserConfigurationException e) {
      throw new Malformed("no XML parser: " + e.getMessage());
    }
  }
}
