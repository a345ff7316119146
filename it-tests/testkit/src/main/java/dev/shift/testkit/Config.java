package dev.shift.testkit;

/** Reads a setting from a system property, else from an environment variable; blank counts as unset. */
final class Config {
    private Config() {}

    static String get(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
