package org.epigrid.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus text exposition of the app, parsed into samples. */
record Exposition(String text, List<Sample> samples) {

	private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	record Sample(String name, Map<String, String> labels, double value) {
	}

	static Exposition parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.startsWith("#") || line.isBlank()) {
				continue;
			}
			Matcher matcher = LINE.matcher(line);
			if (!matcher.matches()) {
				continue;
			}
			Map<String, String> labels = new HashMap<>();
			if (matcher.group(3) != null) {
				Matcher label = LABEL.matcher(matcher.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
		}
		return new Exposition(text, samples);
	}

	/** Names of every series exposed, with their suffixes (_total, _bucket, ...). */
	Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.add(sample.name()));
		return names;
	}

	/**
	 * The value of the one series with this name whose labels include the given ones;
	 * null when there is none.
	 */
	Double value(String name, String... labels) {
		Double found = null;
		for (Sample sample : this.samples) {
			if (sample.name().equals(name) && matches(sample.labels(), labels)) {
				if (found != null) {
					throw new AssertionError("more than one series " + name + " with " + List.of(labels));
				}
				found = sample.value();
			}
		}
		return found;
	}

	List<Sample> series(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	private static boolean matches(Map<String, String> actual, String... labels) {
		for (int i = 0; i < labels.length; i += 2) {
			if (!labels[i + 1].equals(actual.get(labels[i]))) {
				return false;
			}
		}
		return true;
	}

}
