package io.yogurt.provider.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The XML-RPC encoding as supervisord speaks it (answers copied from supervisord 4.2). */
class XmlRpcTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aCallEncodesItsParametersAndEscapesText() {
    assertEquals(
        "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.startProcess</methodName>"
            + "<params><param><value><string>a&lt;b&amp;c</string></value></param>"
            + "<param><value><boolean>0</boolean></value></param></params></methodCall>",
        XmlRpc.call("supervisor.startProcess", List.of("a<b&c", false)));
  }

  @Test
  void anAnswerDecodesStructsArraysAndScalars() throws Exception {
    Object v =
        XmlRpc.answer(
            bytes(
                "<?xml version='1.0'?><methodResponse><params><param><value><array><data>"
                    + "<value><struct><member><name>name</name><value><string>echo-a-00"
                    + "</string></value></member><member><name>state</name><value><int>20</int>"
                    + "</value></member><member><name>ok</name><value><boolean>1</boolean>"
                    + "</value></member><member><name>bare</name><value>text</value></member>"
                    + "</struct></value></data></array></value></param></params>"
                    + "</methodResponse>"));
    assertEquals(List.of(Map.of("name", "echo-a-00", "state", 20, "ok", true, "bare", "text")), v);
  }

  @Test
  void aFaultIsThrownWithItsCodeAndWords() {
    XmlRpc.Fault f =
        assertThrows(
            XmlRpc.Fault.class,
            () ->
                XmlRpc.answer(
                    bytes(
                        "<?xml version='1.0'?><methodResponse><fault><value><struct><member>"
                            + "<name>faultCode</name><value><int>10</int></value></member>"
                            + "<member><name>faultString</name><value><string>BAD_NAME: x"
                            + "</string></value></member></struct></value></fault>"
                            + "</methodResponse>")));
    assertEquals(10, f.code);
    assertEquals("BAD_NAME: x", f.getMessage());
  }

  @Test
  void somethingElseIsMalformedAndADoctypeIsRefused() {
    assertThrows(XmlRpc.Malformed.class, () -> XmlRpc.answer(bytes("<html>login</html>")));
    assertThrows(
        XmlRpc.Malformed.class,
        () ->
            XmlRpc.answer(
                bytes(
                    "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                        + "<methodResponse><params><param><value>&x;</value></param></params>"
                        + "</methodResponse>")));
  }
}
