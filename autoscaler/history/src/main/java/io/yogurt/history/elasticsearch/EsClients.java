package io.yogurt.history.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.net.URI;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds the Elasticsearch client from the settings: URL, credentials and bounded timeouts. */
final class EsClients {

  private EsClients() {}

  static ElasticsearchClient create(ElasticsearchSettings s) {
    URI url = s.url();
    int port =
        url.getPort() != -1
            ? url.getPort()
            : (url.getScheme().equalsIgnoreCase("https") ? 443 : 9200);
    RestClientBuilder builder =
        RestClient.builder(new HttpHost(url.getHost(), port, url.getScheme()))
            .setRequestConfigCallback(
                rc ->
                    rc.setConnectTimeout((int) s.connectTimeout().toMillis())
                        .setConnectionRequestTimeout((int) s.connectTimeout().toMillis())
                        .setSocketTimeout((int) s.requestTimeout().toMillis()));
    if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
      builder.setPathPrefix(url.getPath());
    }
    if (!s.apiKey().isEmpty()) {
      builder.setDefaultHeaders(
          new Header[] {new BasicHeader("Authorization", "ApiKey " + s.apiKey().reveal())});
    } else if (!s.username().isEmpty()) {
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      credentials.setCredentials(
          AuthScope.ANY,
          new UsernamePasswordCredentials(s.username().reveal(), s.password().reveal()));
      builder.setHttpClientConfigCallback(hc -> hc.setDefaultCredentialsProvider(credentials));
    }
    return new ElasticsearchClient(
        new RestClientTransport(builder.build(), new JacksonJsonpMapper()));
  }
}
