package kz.adalmap.api.common.web;

/** Something the client named does not exist; answered with 404. Features extend it with factory methods. */
public abstract class NotFoundException extends RuntimeException {

    protected NotFoundException(String message) {
        super(message);
    }
}
