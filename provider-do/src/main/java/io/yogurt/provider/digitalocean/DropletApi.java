package io.yogurt.provider.digitalocean;

import java.util.List;

/**
 * The few DigitalOcean calls Yogurt makes. Only {@link MyjeevaDropletApi} knows the client library;
 * the rest of the module (and its tests) sees this interface.
 */
public interface DropletApi {

  /** Every droplet carrying {@code tag}, all pages. */
  List<DropletView> listByTag(String tag) throws ApiException;

  /** Creates one droplet per name (at most 10) in a single request. */
  List<DropletView> create(DropletSpec spec) throws ApiException;

  /** Deletes one droplet by id; a droplet that is already gone is not an error. */
  void delete(long id) throws ApiException;

  /** The account's status and droplet limit. */
  AccountView account() throws ApiException;

  /** Slugs of the regions that are available. */
  List<String> regions() throws ApiException;

  /** Slugs of the sizes that are available. */
  List<String> sizes() throws ApiException;

  /** True when the image (slug or numeric id) exists. */
  boolean imageExists(String image) throws ApiException;

  /**
   * The account as far as Yogurt cares.
   *
   * @param status {@code active} when droplets may be created
   */
  record AccountView(String status, int dropletLimit) {}
}
