package io.yogurt.provider.supervisor;

import io.yogurt.provider.supervisor.SupervisorException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One host's supervisord over its XML-RPC interface: HTTP POSTs to {@code /RPC2} with basic
 * authentication, sent on every request (the credentials are never logged or put in a message).
 */
public final class XmlRpcSupervisor implements SupervisorApi {

  private final HostSettings host;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final String authorization;

  public XmlRpcSupervisor(HostSettings host, Duration connectTimeout, Duration requestTimeout) {
    this.host = host;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
    String pair = host.username() + ":" + host.password().reveal();
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * One request for supervisord's state and its processes ({@code system.multicall}): a supervisord
   * that is shutting down or restarting still answers while it stops its processes, and what it
   * says then is no news about the workers, so it counts as not answering.
   */
  @Override
  public CompletableFuture<List<ProcessInfo>> processes() {
    List<Map<String, Object>> calls =
        List.of(
            Map.of("methodName", "supervisor.getState", "params", List.of()),
            Map.of("methodName", "supervisor.getAllProcessInfo", "params", List.of()));
    return callAsync("system.multicall", List.of(calls))
        .thenApply(
            answer -> {
              try {
                return processesFrom(answer);
              } catch (SupervisorException e) {
                throw new CompletionException(e);
              }
            });
  }

  private List<ProcessInfo> processesFrom(Object answer) throws SupervisorException {
    // supervisord's multicall answers each call's value as it is (a fault as its struct).
    if (answer instanceof List<?> results && results.size() == 2) {
      for (Object result : results) {
        if (result instanceof Map<?, ?> f
            && f.get("faultCode") instanceof Integer code
            && code == SHUTDOWN_STATE) {
          throw new SupervisorException(
              Kind.UNREACHABLE, host.where() + ": supervisord is shutting down");
        }
      }
      if (results.get(0) instanceof Map<?, ?> s && s.containsKey("statename")) {
        String name = String.valueOf(s.get("statename"));
        if (!name.equals("RUNNING")) {
          throw new SupervisorException(
              Kind.UNREACHABLE, host.where() + ": supervisord is " + name + ", not RUNNING");
        }
        if (results.get(1) instanceof List<?> list) {
          List<ProcessInfo> out = new ArrayList<>();
          for (Object item : list) {
            if (item instanceof Map<?, ?> m) {
              out.add(ProcessInfo.from(m));
            }
          }
          return out;
        }
      }
    }
    String text = String.valueOf(answer);
    throw new SupervisorException(
        Kind.MALFORMED,
        host.where()
            + ": getState and getAllProcessInfo did not answer as supervisord does: "
            + text.substring(0, Math.min(200, text.length())));
  }

  @Override
  public void start(String fullName) throws SupervisorException {
    call("supervisor.startProcess", List.of(fullName, false));
  }

  @Override
  public void stop(String fullName) throws SupervisorException {
    call("supervisor.stopProcess", List.of(fullName, false));
  }

  /** {@code supervisor.getState}: RUNNING when supervisord is up and not shutting down. */
  public String state() throws SupervisorException {
    Object answer = call("supervisor.getState", List.of());
    return answer instanceof Map<?, ?> m ? String.valueOf(m.get("statename")) : "?";
  }

  private Object call(String method, List<?> params) throws SupervisorException {
    try {
      return callAsync(method, params).get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SupervisorException(Kind.UNREACHABLE, host.where() + ": interrupted");
    }
  }

  private CompletableFuture<Object> callAsync(String method, List<?> params) {
    HttpRequest request =
        HttpRequest.newBuilder(host.url())
            .timeout(requestTimeout)
            .header("Content-Type", "text/xml")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(XmlRpc.call(method, params)))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              if (error != null) {
                throw new CompletionException(unreachable(error));
              }
              try {
                return answer(method, response);
              } catch (SupervisorException e) {
                throw new CompletionException(e);
              }
            });
  }

  private Object answer(String method, HttpResponse<byte[]> response) throws SupervisorException {
    if (response.statusCode() == 401) {
      throw new SupervisorException(
          Kind.REFUSED,
          host.where()
              + ": supervisord refused the credentials (HTTP 401); expected the username and"
              + " password of its [inet_http_server] section (supervisor.hosts[].username,"
              + " password or $"
              + HostSettings.PASSWORD_ENV
              + ")");
    }
    if (response.statusCode() != 200) {
      throw new SupervisorException(
          Kind.MALFORMED,
          host.where()
              + ": HTTP "
              + response.statusCode()
              + " to "
              + method
              + "; expected supervisord's XML-RPC interface at this URL");
    }
    try {
      return XmlRpc.answer(response.body());
    } catch (XmlRpc.Fault f) {
      throw new SupervisorException(
          Kind.FAULT, f.code, host.where() + ": " + method + " failed: " + f.getMessage());
    } catch (XmlRpc.Malformed m) {
      throw new SupervisorException(
          Kind.MALFORMED,
          host.where() + ": " + m.getMessage() + "; expected supervisord's XML-RPC interface");
    }
  }

  private SupervisorException unreachable(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String why =
        e instanceof HttpTimeoutException
            ? "no answer within the timeout"
            : e instanceof ConnectException
                ? "connection refused or unreachable"
                : e instanceof IOException && e.getMessage() != null
                    ? e.getMessage()
                    : e.getClass().getSimpleName();
    return new SupervisorException(
        Kind.UNREACHABLE, host.where() + ": does not answer (" + why + ")");
  }

  /** The supervisor exception inside a failed future, or one that says what went wrong. */
  public static SupervisorException unwrap(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof SupervisorException s) {
      return s;
    }
    return new SupervisorException(Kind.UNREACHABLE, String.valueOf(cause));
  }
}
