package org.epigrid;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Epigrid: a GraphQL data platform for epidemic prevention and control.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EpigridApplication {

	public static void main(String[] args) {
		SpringApplication.run(EpigridApplication.class, args);
	}

}
