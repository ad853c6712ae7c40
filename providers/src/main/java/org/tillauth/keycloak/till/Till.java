package org.tillauth.keycloak.till;

import java.util.Optional;
import org.keycloak.models.UserModel;

/**
 * A point-of-sale till: an enabled realm user holding the realm role {@code till}, its username the
 * till code, in at most one store (a group directly under the top-level group {@code stores}).
 */
public record Till(UserModel user, String code, Optional<String> storeCode) {}
