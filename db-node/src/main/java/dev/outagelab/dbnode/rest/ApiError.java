package dev.outagelab.dbnode.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The error body every outage-lab endpoint uses: {@code {"error": code, "message": text}}. */
public record ApiError(String error, String message) {

    static Response response(Response.Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error, message)).build();
    }
}
