/**
 * Installs Shift into the application's JVM: options, the JDBC interception that makes every JDBC connection a Shift
 * connection ({@link dev.shift.agent.install.ConnectionWeaver} for classes loaded after {@code premain},
 * {@link dev.shift.agent.install.JdbcInterception}'s Byte Buddy advice for classes already loaded), and the
 * start-up parts ({@link dev.shift.agent.install.ShiftStartup}, found with ServiceLoader) such as the router and
 * the admin endpoint. Nothing here may take the application down: failures log one paragraph and leave phase 1
 * pass-through.
 */
package dev.shift.agent.install;
