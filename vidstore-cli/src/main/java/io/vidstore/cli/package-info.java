/**
 * The {@code vidstore} command line tool. {@link io.vidstore.cli.VidstoreCli} is the only public
 * type; the commands are package-private and described by {@code vidstore --help}.
 */
package io.vidstore.cli;
