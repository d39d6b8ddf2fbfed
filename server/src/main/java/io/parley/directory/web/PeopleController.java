package io.parley.directory.web;

import io.parley.directory.PeopleLookup;
import io.parley.platform.security.Caller;
import io.parley.user.UserCard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Directory", description = "Finding people and your friends")
class PeopleController {
    private final PeopleLookup people;

    PeopleController(PeopleLookup people) {
        this.people = people;
    }

    @GetMapping("/api/users")
    @Operation(summary = "Cards of many people at once (at most 100 ids): yourself, friends and anyone you share or "
            + "shared a conversation with; other ids, and whoever blocked you, are left out")
    List<UserCard> lookup(Caller caller,
            @Parameter(description = "user ids, comma-separated") @RequestParam List<Long> ids) {
        return people.lookup(caller.userId(), ids).stream().map(UserCard::of).toList();
    }
}
