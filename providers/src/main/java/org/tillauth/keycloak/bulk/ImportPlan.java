package org.tillauth.keycloak.bulk;

import java.util.List;

/**
 * What a file asks for, after every check: the rows it held, the writes to make, the rows already
 * in place, and the rows refused (any refusal refuses the file).
 */
record ImportPlan<W>(int rows, List<W> writes, int unchanged, List<RowError> errors) {}
