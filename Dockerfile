# Build stage: the build generates jOOQ classes against an embedded PostgreSQL, so it runs the
# whole Maven build inside the image (tests are CI's job: ./mvnw -B verify).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline || true
COPY schema schema
COPY src src
RUN ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true package && cp target/epigrid-*.jar /epigrid.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --create-home epigrid
USER epigrid
WORKDIR /home/epigrid
COPY --from=build /epigrid.jar epigrid.jar
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "epigrid.jar"]
