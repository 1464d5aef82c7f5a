package kz.adalmap.api.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Staff accounts for Spring Security, from the {@code app_user} table. */
@Service
class StaffUserDetailsService implements UserDetailsService {

    private final StaffUserQueries users;

    StaffUserDetailsService(StaffUserQueries users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
