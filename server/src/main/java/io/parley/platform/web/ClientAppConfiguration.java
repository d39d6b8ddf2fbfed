package io.parley.platform.web;

import java.io.IOException;
import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the app's web export (built from client/ into the jar's static/) at "/". The app routes
 * on the client, so a path that is neither a file nor one of the server's own (API, socket,
 * media, docs) answers index.html. Hashed bundles are cached for a year; index.html never is.
 */
@Configuration(proxyBeanMethods = false)
class ClientAppConfiguration implements WebMvcConfigurer {
    private static final String[] SERVER_PATHS = {"api/", "ws", "media/", "actuator", "v3/", "swagger-ui", "problems/"};

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/_expo/**", "/assets/**")
                .addResourceLocations("classpath:/static/_expo/", "classpath:/static/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/**")
                .addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(new PathResourceResolver() {
                    @Override
                    protected Resource getResource(String path, Resource location) throws IOException {
                        Resource file = location.createRelative(path);
                        if (file.exists() && file.isReadable()) {
                            return file;
                        }
                        for (String serverPath : SERVER_PATHS) {
                            if (path.startsWith(serverPath)) {
                                return null;
                            }
                        }
                        // A missing file (favicon.ico, x.js) is a 404; only the app's routes get the page.
                        if (path.substring(path.lastIndexOf('/') + 1).contains(".")) {
                            return null;
                        }
                        Resource index = new ClassPathResource("static/index.html");
                        return index.exists() ? index : null;
                    }
                });
    }
}
