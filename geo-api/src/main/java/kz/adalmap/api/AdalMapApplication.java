package kz.adalmap.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the AdalMap web service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AdalMapApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdalMapApplication.class, args);
    }
}
