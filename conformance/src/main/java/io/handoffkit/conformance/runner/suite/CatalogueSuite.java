package io.handoffkit.conformance.runner.suite;

import io.handoffkit.conformance.runner.model.Endpoint;
import io.handoffkit.conformance.runner.model.ProtocolRole;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.model.Suite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What every suite's catalogue shares: its role, ID prefix, endpoints, sections and pinned list,
 * and its scenarios built on first use from the suite's tables, in running order.
 */
public abstract class CatalogueSuite implements Suite {

    private final ProtocolRole role;
    private final String prefix;
    private final List<Endpoint> endpoints;
    private final List<Section> sections;
    private final String pinned;
    private List<Scenario<?>> scenarios;

    protected CatalogueSuite(ProtocolRole role, String prefix, List<Endpoint> endpoints, List<Section> sections, String pinned) {
        this.role = role;
        this.prefix = prefix;
        this.endpoints = List.copyOf(endpoints);
        this.sections = List.copyOf(sections);
        this.pinned = pinned;
    }

    /** The suite's tables, one per section, in running order (called once, on first use). */
    protected abstract List<List<Scenario<?>>> tables();

    @Override
    public ProtocolRole role() {
        return role;
    }

    @Override
    public String idPrefix() {
        return prefix;
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public List<Section> sections() {
        return sections;
    }

    /** Built on first use (a suite's tables may be static fields that follow its instance). */
    @Override
    public synchronized List<Scenario<?>> scenarios() {
        if (scenarios == null) {
            List<Scenario<?>> all = new ArrayList<>();
            tables().forEach(all::addAll);
            scenarios = Collections.unmodifiableList(all);
        }
        return scenarios;
    }

    @Override
    public String pinnedResource() {
        return pinned;
    }

    @Override
    public String toString() {
        return "the " + role.id() + " suite (" + prefix + "/...)";
    }
}
