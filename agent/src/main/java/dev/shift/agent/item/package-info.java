/**
 * Items as data, the vocabulary between the stages: an item's key ({@link dev.shift.agent.item.ItemKey}), a read a
 * plan needs ({@link dev.shift.agent.item.ReadRequest}), a write it decided ({@link dev.shift.agent.item.ItemWrite},
 * {@link dev.shift.agent.item.UpdateAction}, {@link dev.shift.agent.item.Condition}), and the in-memory semantics of
 * writes on item images ({@link dev.shift.agent.item.ItemImages}). No I/O: plans produce these, the execute stage
 * sends them.
 */
package dev.shift.agent.item;
