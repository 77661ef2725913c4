import { createColors } from "picocolors";
import { Io } from "./io";

/** Text colours for this output: real ones on a terminal without NO_COLOR, plain text otherwise. */
type Paint = ReturnType<typeof createColors>;

export function paint(io: Pick<Io, "color">): Paint {
    return createColors(io.color);
}
