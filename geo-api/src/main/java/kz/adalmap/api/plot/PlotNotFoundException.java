package kz.adalmap.api.plot;

import kz.adalmap.api.common.web.NotFoundException;

/** No published plot has the cadastral number asked for. */
class PlotNotFoundException extends NotFoundException {

    private PlotNotFoundException(String message) {
        super(message);
    }

    static PlotNotFoundException forCadastralNumber(String number) {
        return new PlotNotFoundException("No plot with cadastral number " + number + " is published.");
    }

    static PlotNotFoundException forId(long id) {
        return new PlotNotFoundException("No plot with id " + id + " is published.");
    }
}
