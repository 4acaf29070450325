package io.yogurt.provider.digitalocean;

import com.google.gson.JsonElement;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.google.gson.annotations.JsonAdapter;
import com.myjeeva.digitalocean.pojo.Droplet;
import com.myjeeva.digitalocean.serializer.DropletSerializer;
import java.lang.reflect.Type;

/**
 * A create request that names the VPC. The client (2.17) predates VPCs and has no field for {@code
 * vpc_uuid}. It serialises requests with Gson by their runtime class, and its own serializer is
 * registered for {@code Droplet} alone, so this subclass brings an adapter that writes what the
 * client's serializer writes, plus {@code vpc_uuid}.
 */
@JsonAdapter(DropletInVpc.Serializer.class)
final class DropletInVpc extends Droplet {

  private static final long serialVersionUID = 1L;

  private final String vpcUuid;

  DropletInVpc(String vpcUuid) {
    this.vpcUuid = vpcUuid;
  }

  static final class Serializer implements JsonSerializer<DropletInVpc> {
    private final DropletSerializer client = new DropletSerializer();

    @Override
    public JsonElement serialize(
        DropletInVpc droplet, Type type, JsonSerializationContext context) {
      JsonElement body = client.serialize(droplet, Droplet.class, context);
      body.getAsJsonObject().addProperty("vpc_uuid", droplet.vpcUuid);
      return body;
    }
  }
}
