package dev.descent.optim.stopping;

/** A stopping rule's verdict: how the run ends and why, in plain words. */
public record Stop(Status status, String reason) {}
