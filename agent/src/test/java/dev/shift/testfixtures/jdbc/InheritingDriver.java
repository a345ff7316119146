package dev.shift.testfixtures.jdbc;

/** Declares no {@code connect} of its own. */
public class InheritingDriver extends ConnectingBaseDriver {
}
