package org.tillauth.keycloak.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Unit tests run without a JAX-RS implementation (Keycloak brings its own at run time), so {@code
 * Response.status(...)...build()} has nothing to build with. This installs a stand-in that builds
 * responses remembering their status and entity, which is all the code under test sets and reads.
 */
public final class FakeJaxRs {

  private FakeJaxRs() {}

  public static void install() {
    RuntimeDelegate delegate = mock(RuntimeDelegate.class);
    when(delegate.createResponseBuilder()).thenAnswer(invocation -> builder());
    when(delegate.createHeaderDelegate(MediaType.class))
        .thenReturn(mock(RuntimeDelegate.HeaderDelegate.class));
    RuntimeDelegate.setInstance(delegate);
  }

  private static Response.ResponseBuilder builder() {
    AtomicInteger status = new AtomicInteger(200);
    AtomicReference<Object> entity = new AtomicReference<>();
    Response.ResponseBuilder builder = mock(Response.ResponseBuilder.class, RETURNS_SELF);
    when(builder.status(anyInt()))
        .thenAnswer(
            invocation -> {
              status.set(invocation.getArgument(0));
              return builder;
            });
    when(builder.status(anyInt(), anyString()))
        .thenAnswer(
            invocation -> {
              status.set(invocation.getArgument(0));
              return builder;
            });
    when(builder.status(any(Response.StatusType.class)))
        .thenAnswer(
            invocation -> {
              status.set(invocation.getArgument(0, Response.StatusType.class).getStatusCode());
              return builder;
            });
    when(builder.status(any(Response.Status.class)))
        .thenAnswer(
            invocation -> {
              status.set(invocation.getArgument(0, Response.Status.class).getStatusCode());
              return builder;
            });
    when(builder.entity(any()))
        .thenAnswer(
            invocation -> {
              entity.set(invocation.getArgument(0));
              return builder;
            });
    when(builder.build())
        .thenAnswer(
            invocation -> {
              Response response = mock(Response.class);
              when(response.getStatus()).thenReturn(status.get());
              when(response.getEntity()).thenReturn(entity.get());
              return response;
            });
    return builder;
  }
}
