package org.tillauth.keycloak.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.keycloak.models.ClientModel;

/**
 * The clients a refusal names ("cannot be deleted while API clients use it: ..."): those the caller
 * may view as {@code name (clientKey)} or {@code clientKey}, the others only as a count, so that a
 * refusal reveals no client the caller could not list anyway.
 */
public final class ClientMentions {

  private ClientMentions() {}

  public static String of(List<ClientModel> clients, Predicate<ClientModel> visible) {
    List<String> shown = new ArrayList<>();
    clients.stream()
        .filter(visible)
        .sorted(Comparator.comparing(ClientModel::getClientId))
        .forEach(
            client ->
                shown.add(
                    client.getName() == null
                        ? client.getClientId()
                        : client.getName() + " (" + client.getClientId() + ")"));
    int hidden = clients.size() - shown.size();
    if (hidden > 0) {
      shown.add(hidden + (hidden == 1 ? " other client" : " other clients"));
    }
    return String.join(", ", shown);
  }
}
