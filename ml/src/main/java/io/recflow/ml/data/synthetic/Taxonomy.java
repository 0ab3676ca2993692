package io.recflow.ml.data.synthetic;

import java.util.List;

/**
 * The fixed category tree of the synthetic catalogue and the words each category's text is drawn
 * from. Every leaf has its own vocabulary and every top-level category a shared one, so titles and
 * descriptions carry real category signal for the text levels of the tokenizer.
 */
final class Taxonomy {

    /** A leaf category: its path (2 or 3 levels) and the words specific to it. */
    record Leaf(List<String> path, List<String> words) {

        String top() {
            return path.get(0);
        }
    }

    static final List<Leaf> LEAVES = List.of(
            leaf("Books > Fantasy", "dragon wizard quest kingdom sword prophecy elven realm sorcery throne"),
            leaf("Books > Science Fiction", "starship galaxy android colony quantum alien orbit cyborg nebula warp"),
            leaf("Books > History", "empire revolution dynasty medieval ancient battle chronicle monarchy trade war"),
            leaf("Books > Cooking", "recipe kitchen baking spice pasta bread flavour dessert grill vegetable"),
            leaf("Music > Jazz", "saxophone swing bebop trumpet improvisation quartet blues groove standards club"),
            leaf("Music > Rock", "guitar amplifier riff anthem drums stadium rebel distortion ballad tour"),
            leaf("Music > Classical", "symphony orchestra concerto sonata violin piano opera baroque conductor choir"),
            leaf("Movies > Animation", "cartoon animated family adventure talking animals colourful musical puppet sketch"),
            leaf("Movies > Thriller", "detective suspense conspiracy chase murder spy hostage twist agent heist"),
            leaf("Movies > Documentary", "nature wildlife expedition interview archive ocean climate journey footage science"),
            leaf("Games > Strategy", "army tactics conquest resources turn empire siege diplomacy map commander"),
            leaf("Games > Puzzle", "logic tiles riddle blocks pattern match brain maze colours level"),
            leaf("Games > Role-Playing", "character dungeon party loot skill tree hero craft guild monster"),
            leaf("Electronics > Audio > Headphones", "wireless noise cancelling earcup bass bluetooth foldable microphone earbuds battery"),
            leaf("Electronics > Audio > Speakers", "subwoofer stereo waterproof portable loud woofer soundbar bluetooth party"),
            leaf("Electronics > Computers > Laptops", "processor display keyboard battery ultrabook memory storage touchpad gaming thin"),
            leaf("Electronics > Computers > Accessories", "mouse charger cable hub adapter stand webcam sleeve dock keyboard"),
            leaf("Outdoors > Camping", "tent sleeping bag lantern stove backpack hammock campfire trail shelter"),
            leaf("Outdoors > Cycling", "bike helmet pedal saddle tyre gears frame jersey mountain road"),
            leaf("Outdoors > Fishing", "rod reel lure bait tackle hook line river boat catch"));

    /** Words shared by every leaf under the same top-level category. */
    static List<String> topWords(String top) {
        return switch (top) {
            case "Books" -> words("novel author chapter paperback hardcover pages story reader");
            case "Music" -> words("album songs vinyl track live recording melody band");
            case "Movies" -> words("film director cast scenes screen cinema sequel bluray");
            case "Games" -> words("console player multiplayer levels controller gameplay campaign online");
            case "Electronics" -> words("device warranty usb power compact digital wireless model");
            case "Outdoors" -> words("gear durable lightweight weatherproof adventure outdoor rugged travel");
            default -> throw new IllegalArgumentException("no vocabulary for top-level category " + top);
        };
    }

    /** Words that carry no category signal, as real descriptions are full of them. */
    static final List<String> FILLER = words(
            "the a with and for of new great best perfect classic edition premium collection quality favourite");

    static final List<String> ADJECTIVES = words(
            "lost silver hidden golden final broken secret crimson silent endless bright hollow ancient rising");

    private Taxonomy() {
    }

    private static Leaf leaf(String path, String vocabulary) {
        return new Leaf(List.of(path.split(" > ")), words(vocabulary));
    }

    private static List<String> words(String text) {
        return List.of(text.split(" "));
    }
}
