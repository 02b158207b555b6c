package org.londiste4j.node;

/**
 * {@code pgq_node.register_subscriber()}: the answer of a provider that subscribed a node below it.
 *
 * @param globalWatermark the provider queue's global watermark: where a new node starts
 */
public record SubscriberRegistration(int retCode, String retNote, Long globalWatermark) {
}
