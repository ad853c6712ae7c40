package org.tillauth.keycloak.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Requests released together on a barrier, so that they really overlap on the server. */
public final class Races {

  private Races() {}

  /** {@code n} requests, request {@code i} built by {@code request.apply(i)}; answers in order. */
  public static List<Http.Result> race(int n, IntFunction<Http.Result> request) throws Exception {
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Http.Result>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return request.apply(index);
                }));
      }
      List<Http.Result> results = new ArrayList<>();
      for (Future<Http.Result> future : futures) {
        results.add(future.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
