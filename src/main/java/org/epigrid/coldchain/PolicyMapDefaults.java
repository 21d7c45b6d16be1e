package org.epigrid.coldchain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.stereotype.Component;

/**
 * Lets {@code @DefaultValue({"KEY=value", ...})} maps bind, as
 * {@link org.epigrid.support.Policy} declares its per-purpose deadlines and per-kind
 * quarantine days: Spring Boot has no converter from the annotation's {@code String[]} to
 * a {@code Map}, so without this the policy cannot be created from its defaults (its bean
 * ends up null and nothing that needs it starts). It belongs in
 * {@code org.epigrid.support}; it sits here only because this branch may not change that
 * package.
 */
@Component
@ConfigurationPropertiesBinding
class PolicyMapDefaults implements GenericConverter {

	@Override
	public Set<ConvertiblePair> getConvertibleTypes() {
		return Set.of(new ConvertiblePair(String[].class, Map.class));
	}

	@Override
	public @Nullable Object convert(@Nullable Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
		if (source == null) {
			return null;
		}
		TypeDescriptor keyType = targetType.getMapKeyTypeDescriptor();
		TypeDescriptor valueType = targetType.getMapValueTypeDescriptor();
		TypeDescriptor text = TypeDescriptor.valueOf(String.class);
		var conversion = ApplicationConversionService.getSharedInstance();
		Map<Object, Object> map = new LinkedHashMap<>();
		for (String entry : (String[]) source) {
			int equals = entry.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("'" + entry + "' is not a KEY=value default");
			}
			String key = entry.substring(0, equals).strip();
			String value = entry.substring(equals + 1).strip();
			map.put((keyType != null) ? conversion.convert(key, text, keyType) : key,
					(valueType != null) ? conversion.convert(value, text, valueType) : value);
		}
		return map;
	}

}
